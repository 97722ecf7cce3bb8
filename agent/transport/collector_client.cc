#include "agent/transport/collector_client.h"

#include <grpcpp/grpcpp.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/io/file_util.h"
#include "common/tls/tls_util.h"

namespace minspec::agent {
namespace fs = std::filesystem;
namespace {

constexpr absl::Duration kCallTimeout = absl::Seconds(15);
constexpr absl::Duration kDeliverTimeout = absl::Minutes(2);

void SetDeadline(grpc::ClientContext& ctx, absl::Duration d) {
  ctx.set_deadline(std::chrono::system_clock::now() +
                   std::chrono::milliseconds(absl::ToInt64Milliseconds(d)));
}

absl::Status FromGrpc(const grpc::Status& s, const std::string& address, std::string_view what) {
  std::string msg = s.error_message();
  if (s.error_code() == grpc::StatusCode::UNAVAILABLE ||
      s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    msg = absl::StrCat("collector unreachable at ", address, " (", msg,
                       "): check the address, the firewall and that --ca is this collector's CA");
  }
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                      absl::StrCat(std::string(what), ": ", msg));
}

}  // namespace

bool AgentStateFiles::enrolled() const {
  std::error_code ec;
  return fs::exists(key(), ec) && fs::exists(cert(), ec) && fs::exists(host_id(), ec);
}

CollectorClient::CollectorClient(const std::string& address, const std::string& ca_pem,
                                 const std::string& key_pem, const std::string& cert_pem)
    : address_(address) {
  grpc::SslCredentialsOptions opts;
  opts.pem_root_certs = ca_pem;
  opts.pem_private_key = key_pem;
  opts.pem_cert_chain = cert_pem;
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_MAX_RECEIVE_MESSAGE_LENGTH, 16 * 1024 * 1024);
  auto channel = grpc::CreateCustomChannel(address, grpc::SslCredentials(opts), args);
  stub_ = minspec::v1::AgentService::NewStub(channel);
}

absl::StatusOr<minspec::v1::EnrollResponse> CollectorClient::Enroll(
    const minspec::v1::EnrollRequest& request) {
  grpc::ClientContext ctx;
  SetDeadline(ctx, kCallTimeout);
  minspec::v1::EnrollResponse response;
  grpc::Status s = stub_->Enroll(&ctx, request, &response);
  if (!s.ok()) return FromGrpc(s, address_, "enrollment failed");
  return response;
}

absl::StatusOr<minspec::v1::Baseline> CollectorClient::GetBaseline() {
  grpc::ClientContext ctx;
  SetDeadline(ctx, kCallTimeout);
  minspec::v1::Baseline baseline;
  grpc::Status s = stub_->GetBaseline(&ctx, {}, &baseline);
  if (!s.ok()) return FromGrpc(s, address_, "cannot fetch the baseline");
  return baseline;
}

absl::StatusOr<size_t> CollectorClient::Deliver(Spool& spool) {
  size_t acked = 0;
  for (;;) {
    auto pending = spool.Pending(100);
    if (!pending.ok()) return pending.status();
    if (pending->empty()) return acked;
    grpc::ClientContext ctx;
    SetDeadline(ctx, kDeliverTimeout);
    auto stream = stub_->Report(&ctx);
    for (const auto& report : *pending) {
      minspec::v1::ReportRequest req;
      req.set_seq(report.seq);
      req.mutable_created_at()->set_seconds(report.created_unix);
      *req.mutable_facts() = report.facts;
      minspec::v1::ReportAck ack;
      // One report, one ack: the collector acks only after it committed.
      if (!stream->Write(req) || !stream->Read(&ack)) break;
      if (ack.seq() != report.seq)
        return absl::DataLossError(absl::StrCat("collector acked seq ", ack.seq(),
                                                " while ", report.seq, " was sent"));
      if (auto s = spool.Ack(ack.seq()); !s.ok()) return s;
      ++acked;
    }
    stream->WritesDone();
    grpc::Status s = stream->Finish();
    if (!s.ok()) return FromGrpc(s, address_, "report delivery failed");
  }
}

absl::Status EnsureEnrolled(const AgentStateFiles& state, const std::string& address,
                            const fs::path& ca_file, const fs::path& secret_file,
                            const minspec::v1::HostIdentity& identity) {
  if (state.enrolled()) return absl::OkStatus();
  auto ca = io::ReadFile(ca_file);
  if (!ca.ok()) return absl::InvalidArgumentError(absl::StrCat("--ca: ", std::string(ca.status().message())));
  auto secret = io::ReadFile(secret_file);
  if (!secret.ok())
    return absl::InvalidArgumentError(
        absl::StrCat("--enroll-secret-file: ", std::string(secret.status().message())));
  auto key = tls::GeneratePrivateKeyPem();
  if (!key.ok()) return key.status();
  auto csr = tls::CreateCsr(*key, identity.hostname());
  if (!csr.ok()) return csr.status();

  minspec::v1::EnrollRequest req;
  req.set_enroll_secret(std::string(absl::StripAsciiWhitespace(*secret)));
  req.set_csr_pem(*csr);
  req.set_hostname(identity.hostname());
  req.set_machine_id(identity.machine_id());
  req.set_agent_version(identity.agent_version());
  CollectorClient client(address, *ca);
  auto resp = client.Enroll(req);
  if (!resp.ok()) return resp.status();

  if (auto s = tls::VerifyIssuedBy(resp->certificate_pem(), *ca); !s.ok())
    return absl::PermissionDeniedError(
        absl::StrCat("collector returned a certificate not from its CA: ", std::string(s.message())));
  for (auto [path, data] : {std::pair{state.key(), *key},
                            std::pair{state.cert(), resp->certificate_pem()},
                            std::pair{state.ca(), *ca},
                            std::pair{state.host_id(), resp->host_id() + "\n"}}) {
    if (auto s = io::WriteFileAtomic(path, data); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace minspec::agent
