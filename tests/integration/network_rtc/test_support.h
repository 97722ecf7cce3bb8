#pragma once

// Helpers for the RTC integration tests: run setup commands, start real
// peers (coturn, the bandwidth server) as child processes that are always
// stopped, generate a throwaway TLS certificate, wait for a port.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace minspec::rtc_test {

inline bool IsRoot() { return ::geteuid() == 0; }

inline bool HaveProgram(const std::string& name) {
  for (const char* dir : {"/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/"}) {
    if (::access((std::string(dir) + name).c_str(), X_OK) == 0) return true;
  }
  return false;
}

// Runs a shell command line, returning its exit status; output goes to `output`.
inline int Sh(const std::string& cmd, std::string* output = nullptr) {
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  if (p == nullptr) return -1;
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int rc = ::pclose(p);
  if (output) *output = out;
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

// A child process in its own process group, stopped (TERM, then KILL) on destruction.
class Child {
 public:
  Child() = default;
  Child(const std::vector<std::string>& argv, const std::string& log_path) {
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setpgid(0, 0);
      const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
      }
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execvp(args[0], args.data());
      ::_exit(127);
    }
  }
  Child(Child&& o) noexcept : pid_(o.pid_) { o.pid_ = -1; }
  Child& operator=(Child&& o) noexcept {
    Stop();
    pid_ = o.pid_;
    o.pid_ = -1;
    return *this;
  }
  ~Child() { Stop(); }
  bool Running() const {
    if (pid_ <= 0) return false;
    int status = 0;
    return ::waitpid(pid_, &status, WNOHANG) == 0;
  }
  void Stop() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGTERM);
    for (int i = 0; i < 40; ++i) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(-pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

// Waits until something accepts TCP on ip:port (optionally inside a netns, by
// asking `ip netns exec ... bash /dev/tcp`), up to `seconds`.
inline bool WaitTcp(const std::string& ip, int port, double seconds, const std::string& netns = "") {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(int(seconds * 1000));
  while (std::chrono::steady_clock::now() < until) {
    if (!netns.empty()) {
      if (Sh("ip netns exec " + netns + " timeout 1 bash -c 'exec 3<>/dev/tcp/" + ip + "/" +
             std::to_string(port) + "'") == 0) {
        return true;
      }
    } else {
      const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(static_cast<uint16_t>(port));
      ::inet_pton(AF_INET, ip.c_str(), &a.sin_addr);
      const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
      ::close(fd);
      if (ok) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

// A fresh temporary directory, removed on destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "minspec-rtc-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A self-signed certificate for the TURN server's TLS port.
inline bool MakeCertificate(const std::filesystem::path& dir, const std::string& cn) {
  return Sh("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=" + cn + " -keyout " +
            (dir / "turn.key").string() + " -out " + (dir / "turn.crt").string()) == 0;
}

// coturn with long-term credentials (so an unauthenticated Allocate gets 401).
inline std::vector<std::string> CoturnArgv(const std::filesystem::path& dir, const std::string& ip, int port,
                                           int tls_port, const std::string& realm) {
  return {"turnserver", "-n", "--listening-ip=" + ip, "--relay-ip=" + ip,
          "--listening-port=" + std::to_string(port), "--tls-listening-port=" + std::to_string(tls_port),
          "--alt-listening-port=" + std::to_string(port + 2),
          "--alt-tls-listening-port=" + std::to_string(tls_port + 2),
          "--cert=" + (dir / "turn.crt").string(), "--pkey=" + (dir / "turn.key").string(),
          "--realm=" + realm, "--lt-cred-mech", "--user=minspec:not-a-secret", "--no-cli", "--no-dtls",
          "--simple-log", "--log-file=stdout", "--pidfile=" + (dir / "turn.pid").string(),
          "--min-port=49200", "--max-port=49300"};
}

}  // namespace minspec::rtc_test
