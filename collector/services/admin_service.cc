#include "collector/services/admin_service.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "collector/aggregation/fleet_summary.h"
#include "common/tls/tls_util.h"

namespace minspec::collector {
namespace {

grpc::Status ToGrpc(const absl::Status& s) {
  return grpc::Status(static_cast<grpc::StatusCode>(s.code()), std::string(s.message()));
}

}  // namespace

grpc::Status AdminServiceImpl::Authorize(grpc::CallbackServerContext* context) const {
  const auto& md = context->client_metadata();
  auto it = md.find("authorization");
  if (it == md.end())
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "admin calls need a token (--token-file or MINSPEC_TOKEN_FILE)");
  std::string value(it->second.data(), it->second.size());
  constexpr std::string_view kBearer = "Bearer ";
  if (!absl::StartsWith(value, std::string(kBearer)) ||
      !tls::SecretEquals(std::string_view(value).substr(kBearer.size()),
                         ctx_.data_dir->admin_token()))
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "admin token not accepted");
  return grpc::Status::OK;
}

grpc::ServerUnaryReactor* AdminServiceImpl::Summary(grpc::CallbackServerContext* context,
                                                    const minspec::v1::SummaryRequest*,
                                                    minspec::v1::FleetSummary* response) {
  auto* reactor = context->DefaultReactor();
  if (auto s = Authorize(context); !s.ok()) {
    reactor->Finish(s);
    return reactor;
  }
  auto hosts = ctx_.store->ListHosts(/*with_facts=*/false);
  if (!hosts.ok()) {
    reactor->Finish(ToGrpc(hosts.status()));
    return reactor;
  }
  *response = SummarizeFleet(ctx_.evaluator->baseline(), *hosts);
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

grpc::ServerUnaryReactor* AdminServiceImpl::ListHosts(grpc::CallbackServerContext* context,
                                                      const minspec::v1::ListHostsRequest*,
                                                      minspec::v1::ListHostsResponse* response) {
  auto* reactor = context->DefaultReactor();
  if (auto s = Authorize(context); !s.ok()) {
    reactor->Finish(s);
    return reactor;
  }
  auto hosts = ctx_.store->ListHosts(/*with_facts=*/false);
  if (!hosts.ok()) {
    reactor->Finish(ToGrpc(hosts.status()));
    return reactor;
  }
  for (const auto& h : *hosts) *response->add_hosts() = SummarizeHost(h);
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

grpc::ServerUnaryReactor* AdminServiceImpl::GetHost(grpc::CallbackServerContext* context,
                                                    const minspec::v1::GetHostRequest* request,
                                                    minspec::v1::HostDetail* response) {
  auto* reactor = context->DefaultReactor();
  if (auto s = Authorize(context); !s.ok()) {
    reactor->Finish(s);
    return reactor;
  }
  auto host = ctx_.store->GetHost(request->name());
  if (!host.ok()) {
    reactor->Finish(ToGrpc(host.status()));
    return reactor;
  }
  if (!host->has_value()) {
    reactor->Finish(grpc::Status(grpc::StatusCode::NOT_FOUND,
                                 absl::StrCat("no host named ", request->name())));
    return reactor;
  }
  *response->mutable_host() = SummarizeHost(**host);
  if ((*host)->facts) *response->mutable_facts() = *(*host)->facts;
  if ((*host)->evaluation) *response->mutable_evaluation() = *(*host)->evaluation;
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace minspec::collector
