#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "minspec/v1/admin_service.grpc.pb.h"

namespace minspec::cli {

struct ConnectionOptions {
  std::string collector;   // host:port (MINSPEC_COLLECTOR)
  std::string ca_file;     // collector CA (MINSPEC_CA)
  std::string token_file;  // admin token (MINSPEC_TOKEN_FILE)
};

// AdminService over TLS, the token sent as "authorization: Bearer ...".
class AdminClient {
 public:
  static absl::StatusOr<AdminClient> Connect(const ConnectionOptions& options);

  absl::StatusOr<minspec::v1::FleetSummary> Summary();
  absl::StatusOr<minspec::v1::ListHostsResponse> ListHosts();
  absl::StatusOr<minspec::v1::HostDetail> GetHost(const std::string& name);

 private:
  AdminClient(std::string address, std::string token,
              std::shared_ptr<minspec::v1::AdminService::Stub> stub)
      : address_(std::move(address)), token_(std::move(token)), stub_(std::move(stub)) {}
  template <typename Req, typename Resp, typename Call>
  absl::StatusOr<Resp> Invoke(const Req& req, Call call);

  std::string address_;
  std::string token_;
  std::shared_ptr<minspec::v1::AdminService::Stub> stub_;
};

}  // namespace minspec::cli
