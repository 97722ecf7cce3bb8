#pragma once

#include "collector/services/collector_context.h"
#include "minspec/v1/admin_service.grpc.pb.h"

namespace minspec::collector {

// Admin calls for the CLI. Each call carries "authorization: Bearer <token>".
class AdminServiceImpl final : public minspec::v1::AdminService::CallbackService {
 public:
  explicit AdminServiceImpl(CollectorContext ctx) : ctx_(ctx) {}

  grpc::ServerUnaryReactor* Summary(grpc::CallbackServerContext* context,
                                    const minspec::v1::SummaryRequest* request,
                                    minspec::v1::FleetSummary* response) override;
  grpc::ServerUnaryReactor* ListHosts(grpc::CallbackServerContext* context,
                                      const minspec::v1::ListHostsRequest* request,
                                      minspec::v1::ListHostsResponse* response) override;
  grpc::ServerUnaryReactor* GetHost(grpc::CallbackServerContext* context,
                                    const minspec::v1::GetHostRequest* request,
                                    minspec::v1::HostDetail* response) override;

 private:
  // OK, or UNAUTHENTICATED naming what is wrong (never echoing the token).
  grpc::Status Authorize(grpc::CallbackServerContext* context) const;
  template <typename Body>
  grpc::ServerUnaryReactor* Respond(grpc::CallbackServerContext* context, Body body);
  CollectorContext ctx_;
};

}  // namespace minspec::collector
