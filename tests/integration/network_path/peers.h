#pragma once

// Test peers for the network path integration tests: child processes
// (squid, mitmdump, dnsmasq, the python WSS echo server) started on loopback
// with free ports and temp dirs, stopped by pid at the end; and in-process
// misbehaving peers (a silent TCP server, a black hole).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace minspec::testing {

inline std::string ReadWholeFile(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void WriteWholeFile(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p) << text;
}

inline bool HaveExecutable(const std::string& path) { return access(path.c_str(), X_OK) == 0; }

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "minspec-netpath-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
    // Daemons that drop privileges (squid -> proxy) must reach their files.
    std::filesystem::permissions(path_, std::filesystem::perms::all);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin);
  socklen_t len = sizeof sin;
  getsockname(fd, reinterpret_cast<sockaddr*>(&sin), &len);
  close(fd);
  return ntohs(sin.sin_port);
}

inline bool PortAccepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_port = htons(static_cast<uint16_t>(port));
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin) == 0;
  close(fd);
  return ok;
}

// A child process with stdout+stderr in `log`; SIGTERM then SIGKILL on stop.
class ChildProcess {
 public:
  ChildProcess() = default;
  ChildProcess(const ChildProcess&) = delete;
  ~ChildProcess() { Stop(); }

  bool Start(const std::vector<std::string>& argv, const std::filesystem::path& log) {
    log_ = log;
    pid_ = fork();
    if (pid_ == 0) {
      setpgid(0, 0);
      // If the test crashes, its peers go with it instead of lingering.
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(fd, 1);
      dup2(fd, 2);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execvp(args[0], args.data());
      _exit(127);
    }
    return pid_ > 0;
  }

  bool Running() {
    if (pid_ <= 0) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    return true;
  }

  // Waits until `port` accepts connections (or the child dies / timeout).
  bool WaitForPort(int port, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
      if (PortAccepts(port)) return true;
      if (!Running()) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  // Waits for a line "<prefix><n>" in the log (the echo server's readiness lines).
  int WaitForPortLine(const std::string& prefix = "PORT ",
                      std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
      const std::string text = ReadWholeFile(log_);
      const size_t at = text.find(prefix);
      if (at != std::string::npos && text.find('\n', at) != std::string::npos) {
        return std::atoi(text.c_str() + at + prefix.size());
      }
      if (!Running()) return -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return -1;
  }

  void Stop() {
    if (pid_ <= 0) return;
    kill(-pid_, SIGTERM);
    for (int i = 0; i < 50; ++i) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    kill(-pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  std::string Log() const { return ReadWholeFile(log_); }

 private:
  pid_t pid_ = -1;
  std::filesystem::path log_;
};

// Accepts TCP connections and never sends a byte (a server that accepts TCP
// and never speaks; as a proxy: one that never answers).
class SilentTcpServer {
 public:
  SilentTcpServer() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&sin), sizeof sin);
    listen(fd_, 64);
    socklen_t len = sizeof sin;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&sin), &len);
    port_ = ntohs(sin.sin_port);
    thread_ = std::thread([this] {
      while (!stop_) {
        const int c = accept(fd_, nullptr, nullptr);
        if (c < 0) break;
        held_.push_back(c);
      }
    });
  }
  ~SilentTcpServer() {
    stop_ = true;
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
    for (int c : held_) close(c);
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::vector<int> held_;
  std::thread thread_;
};

// A loopback port whose SYNs go unanswered, like a black-holed address: a
// listener with backlog 0 that never accepts, its one queue slot taken, so
// the kernel drops every further SYN and connects time out.
class BlackHole {
 public:
  BlackHole() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&sin), sizeof sin);
    listen(fd_, 0);
    socklen_t len = sizeof sin;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&sin), &len);
    port_ = ntohs(sin.sin_port);
    filler_ = socket(AF_INET, SOCK_STREAM, 0);
    connect(filler_, reinterpret_cast<sockaddr*>(&sin), sizeof sin);
  }
  ~BlackHole() {
    close(filler_);
    close(fd_);
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int filler_ = -1;
  int port_ = 0;
};

// Sets environment proxy variables for one scope (libproxy reads them).
class ScopedProxyEnv {
 public:
  explicit ScopedProxyEnv(const std::string& proxy) {
    for (const char* name : {"https_proxy", "http_proxy", "HTTPS_PROXY", "HTTP_PROXY", "no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"}) {
      unsetenv(name);
    }
    if (!proxy.empty()) {
      setenv("https_proxy", proxy.c_str(), 1);
      setenv("http_proxy", proxy.c_str(), 1);
    }
  }
  ~ScopedProxyEnv() {
    unsetenv("https_proxy");
    unsetenv("http_proxy");
  }
};

}  // namespace minspec::testing
