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

// Every admin call: authorize, run `body`, finish with its status.
template <typename Body>
grpc::ServerUnaryReactor* AdminServiceImpl::Respond(grpc::CallbackServerContext* context,
                                                    Body body) {
  auto* reactor = context->DefaultReactor();
  grpc::Status status = Authorize(context);
  reactor->Finish(status.ok() ? body() : status);
  return reactor;
}

grpc::ServerUnaryReactor* AdminServiceImpl::Summary(grpc::CallbackServerContext* context,
                                                    const minspec::v1::SummaryRequest*,
                                                    minspec::v1::FleetSummary* response) {
  return Respond(context, [&] {
    auto hosts = ctx_.store->ListHosts(/*with_facts=*/false);
    if (!hosts.ok()) return ToGrpc(hosts.status());
    *response = SummarizeFleet(ctx_.evaluator->baseline(), *hosts);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::ListHosts(grpc::CallbackServerContext* context,
                                                      const minspec::v1::ListHostsRequest*,
                                                      minspec::v1::ListHostsResponse* response) {
  return Respond(context, [&] {
    auto hosts = ctx_.store->ListHosts(/*with_facts=*/false);
    if (!hosts.ok()) return ToGrpc(hosts.status());
    for (const auto& h : *hosts) *response->add_hosts() = SummarizeHost(h);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::GetHost(grpc::CallbackServerContext* context,
                                                    const minspec::v1::GetHostRequest* request,
                                                    minspec::v1::HostDetail* response) {
  return Respond(context, [&] {
    auto host = ctx_.store->GetHost(request->name());
    if (!host.ok()) return ToGrpc(host.status());
    if (!host->has_value())
      return grpc::Status(grpc::StatusCode::NOT_FOUND,
                          absl::StrCat("no host named ", request->name()));
    *response->mutable_host() = SummarizeHost(**host);
    if ((*host)->facts) *response->mutable_facts() = *(*host)->facts;
    if ((*host)->evaluation) *response->mutable_evaluation() = *(*host)->evaluation;
    return grpc::Status::OK;
  });
}

}  // namespace minspec::collector
