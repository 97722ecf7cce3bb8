#pragma once

#include "collector/services/collector_context.h"
#include "minspec/v1/agent_service.grpc.pb.h"

namespace minspec::collector {

// Agent-facing calls. Enroll needs only the enrollment secret; Report and
// GetBaseline need a client certificate from this collector's CA, and the
// host is the certificate's common name, never anything in the message.
class AgentServiceImpl final : public minspec::v1::AgentService::CallbackService {
 public:
  explicit AgentServiceImpl(CollectorContext ctx) : ctx_(ctx) {}

  grpc::ServerUnaryReactor* Enroll(grpc::CallbackServerContext* context,
                                   const minspec::v1::EnrollRequest* request,
                                   minspec::v1::EnrollResponse* response) override;
  grpc::ServerBidiReactor<minspec::v1::ReportRequest, minspec::v1::ReportAck>* Report(
      grpc::CallbackServerContext* context) override;
  grpc::ServerUnaryReactor* GetBaseline(grpc::CallbackServerContext* context,
                                        const minspec::v1::GetBaselineRequest* request,
                                        minspec::v1::Baseline* response) override;

 private:
  CollectorContext ctx_;
};

}  // namespace minspec::collector
