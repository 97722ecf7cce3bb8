#include "collector/services/agent_service.h"

#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "common/tls/tls_util.h"

namespace minspec::collector {
namespace {

constexpr absl::Duration kClientCertValidity = absl::Hours(24 * 365);

grpc::Status ToGrpc(const absl::Status& s) {
  return grpc::Status(static_cast<grpc::StatusCode>(s.code()), std::string(s.message()));
}

// The host id from a verified client certificate, or UNAUTHENTICATED.
absl::StatusOr<std::string> PeerHostId(grpc::CallbackServerContext* context, Store* store) {
  auto auth = context->auth_context();
  if (!auth || !auth->IsPeerAuthenticated())
    return absl::UnauthenticatedError(
        "a client certificate from this collector's CA is required: enroll the agent first");
  auto cns = auth->FindPropertyValues("x509_common_name");
  if (cns.empty()) return absl::UnauthenticatedError("client certificate has no common name");
  std::string host_id(cns.front().data(), cns.front().size());
  auto host = store->FindHost(host_id);
  if (!host.ok()) return host.status();
  if (!host->has_value())
    return absl::UnauthenticatedError(
        absl::StrCat("host ", host_id, " is not enrolled here (removed?): re-enroll"));
  return host_id;
}


// One agent's report stream: read a report, commit it, ack it, read the next.
// Strictly one write in flight, so acks leave in the order reports arrive.
class ReportReactor final
    : public grpc::ServerBidiReactor<minspec::v1::ReportRequest, minspec::v1::ReportAck> {
 public:
  ReportReactor(CollectorContext ctx, grpc::CallbackServerContext* context) : ctx_(ctx) {
    auto host = PeerHostId(context, ctx_.store);
    if (!host.ok()) {
      spdlog::warn("report refused from {}: {}", context->peer(), std::string(host.status().message()));
      Finish(ToGrpc(host.status()));
      return;
    }
    host_id_ = *host;
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {  // the agent closed its side
      Finish(grpc::Status::OK);
      return;
    }
    minspec::v1::Facts* facts = request_.mutable_facts();
    facts->mutable_host()->set_host_id(host_id_);  // identity from the certificate only
    minspec::v1::Evaluation evaluation = ctx_.evaluator->Evaluate(*facts);
    auto outcome = ctx_.store->Ingest(host_id_, request_.seq(), *facts, evaluation);
    if (!outcome.ok()) {
      spdlog::error("ingest of {} seq {} failed: {}", host_id_, request_.seq(),
                    std::string(outcome.status().message()));
      Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, "collector could not store the report"));
      return;
    }
    spdlog::info("report {} seq {}{}", host_id_, request_.seq(),
                 *outcome == IngestOutcome::kDuplicate ? " (duplicate, acked again)" : "");
    ack_.Clear();
    ack_.set_seq(request_.seq());
    ack_.set_duplicate(*outcome == IngestOutcome::kDuplicate);
    StartWrite(&ack_);
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "agent went away"));
      return;
    }
    StartRead(&request_);
  }

  void OnDone() override { delete this; }

 private:
  CollectorContext ctx_;
  std::string host_id_;
  minspec::v1::ReportRequest request_;
  minspec::v1::ReportAck ack_;
};

}  // namespace

grpc::ServerUnaryReactor* AgentServiceImpl::Enroll(grpc::CallbackServerContext* context,
                                                   const minspec::v1::EnrollRequest* request,
                                                   minspec::v1::EnrollResponse* response) {
  auto* reactor = context->DefaultReactor();
  auto audit = [&](const std::string& action, const std::string& target, const std::string& detail) {
    (void)ctx_.store->AppendAudit({absl::Now(), absl::StrCat("peer:", context->peer()), action,
                                   target, detail});
  };
  if (!tls::SecretEquals(request->enroll_secret(), ctx_.data_dir->enroll_secret())) {
    spdlog::warn("enrollment refused from {} ({}): wrong enrollment secret", context->peer(),
                 request->hostname());
    audit("enroll-refused", request->hostname(), "wrong enrollment secret");
    reactor->Finish(grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                                 "enrollment refused: wrong enrollment secret"));
    return reactor;
  }
  if (request->hostname().empty() || request->csr_pem().empty()) {
    reactor->Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                 "enrollment needs a hostname and a CSR"));
    return reactor;
  }
  // A machine that enrolls again (re-imaged state dir) keeps its host id.
  std::string host_id;
  if (!request->machine_id().empty()) {
    auto existing = ctx_.store->FindHostByMachineId(request->machine_id());
    if (!existing.ok()) {
      reactor->Finish(ToGrpc(existing.status()));
      return reactor;
    }
    if (existing->has_value()) host_id = (*existing)->host_id;
  }
  if (host_id.empty()) host_id = tls::RandomHex(16);

  auto cert = tls::SignClientCsr(ctx_.data_dir->ca(), request->csr_pem(), host_id,
                                 kClientCertValidity);
  if (!cert.ok()) {
    reactor->Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                 absl::StrCat("enrollment refused: ", std::string(cert.status().message()))));
    return reactor;
  }
  auto fingerprint = tls::Sha256Fingerprint(*cert);
  HostRecord rec{host_id, request->hostname(), request->machine_id(),
                 fingerprint.ok() ? *fingerprint : "", absl::Now(), std::nullopt, 0};
  if (auto s = ctx_.store->UpsertEnrolledHost(rec); !s.ok()) {
    reactor->Finish(ToGrpc(s.status()));
    return reactor;
  }
  audit("enroll", host_id, absl::StrCat("hostname=", request->hostname(),
                                        " agent=", request->agent_version()));
  spdlog::info("enrolled {} as {}", request->hostname(), host_id);
  response->set_host_id(host_id);
  response->set_certificate_pem(*cert);
  response->set_ca_pem(ctx_.data_dir->ca().cert_pem);
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

grpc::ServerBidiReactor<minspec::v1::ReportRequest, minspec::v1::ReportAck>*
AgentServiceImpl::Report(grpc::CallbackServerContext* context) {
  return new ReportReactor(ctx_, context);
}

grpc::ServerUnaryReactor* AgentServiceImpl::GetBaseline(grpc::CallbackServerContext* context,
                                                        const minspec::v1::GetBaselineRequest*,
                                                        minspec::v1::Baseline* response) {
  auto* reactor = context->DefaultReactor();
  auto host = PeerHostId(context, ctx_.store);
  if (!host.ok()) {
    reactor->Finish(ToGrpc(host.status()));
    return reactor;
  }
  *response = ctx_.evaluator->baseline();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace minspec::collector
