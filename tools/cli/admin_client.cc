#include "tools/cli/admin_client.h"

#include <grpcpp/grpcpp.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/io/file_util.h"

namespace minspec::cli {

absl::StatusOr<AdminClient> AdminClient::Connect(const ConnectionOptions& o) {
  if (o.collector.empty())
    return absl::InvalidArgumentError("no collector: give --collector HOST:PORT or set MINSPEC_COLLECTOR");
  if (o.ca_file.empty())
    return absl::InvalidArgumentError("no CA: give --ca FILE or set MINSPEC_CA");
  if (o.token_file.empty())
    return absl::InvalidArgumentError("no admin token: give --token-file FILE or set MINSPEC_TOKEN_FILE");
  auto ca = io::ReadFile(o.ca_file);
  if (!ca.ok()) return absl::InvalidArgumentError(absl::StrCat("--ca: ", std::string(ca.status().message())));
  auto token = io::ReadFile(o.token_file);
  if (!token.ok())
    return absl::InvalidArgumentError(absl::StrCat("--token-file: ", std::string(token.status().message())));
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = *ca;
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_MAX_RECEIVE_MESSAGE_LENGTH, 64 * 1024 * 1024);
  auto channel = grpc::CreateCustomChannel(o.collector, grpc::SslCredentials(tls), args);
  return AdminClient(o.collector, std::string(absl::StripAsciiWhitespace(*token)),
                     minspec::v1::AdminService::NewStub(channel));
}

template <typename Req, typename Resp, typename Call>
absl::StatusOr<Resp> AdminClient::Invoke(const Req& req, Call call) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  ctx.AddMetadata("authorization", "Bearer " + token_);
  Resp resp;
  grpc::Status s = call(stub_.get(), &ctx, req, &resp);
  if (!s.ok()) {
    std::string msg = s.error_message();
    if (s.error_code() == grpc::StatusCode::UNAVAILABLE ||
        s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED)
      msg = absl::StrCat("collector unreachable at ", address_, " (", msg, ")");
    return absl::Status(static_cast<absl::StatusCode>(s.error_code()), msg);
  }
  return resp;
}

absl::StatusOr<minspec::v1::FleetSummary> AdminClient::Summary() {
  return Invoke<minspec::v1::SummaryRequest, minspec::v1::FleetSummary>(
      {}, [](auto* stub, auto* ctx, const auto& req, auto* resp) { return stub->Summary(ctx, req, resp); });
}

absl::StatusOr<minspec::v1::ListHostsResponse> AdminClient::ListHosts() {
  return Invoke<minspec::v1::ListHostsRequest, minspec::v1::ListHostsResponse>(
      {}, [](auto* stub, auto* ctx, const auto& req, auto* resp) { return stub->ListHosts(ctx, req, resp); });
}

absl::StatusOr<minspec::v1::HostDetail> AdminClient::GetHost(const std::string& name) {
  minspec::v1::GetHostRequest req;
  req.set_name(name);
  return Invoke<minspec::v1::GetHostRequest, minspec::v1::HostDetail>(
      req, [](auto* stub, auto* ctx, const auto& r, auto* resp) { return stub->GetHost(ctx, r, resp); });
}

}  // namespace minspec::cli
