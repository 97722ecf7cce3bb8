#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"

// Running the real binaries and peers from tests, always with a deadline.
namespace minspec::testing {

struct CommandResult {
  int exit_code = -1;  // -1 when killed by a signal or timed out
  bool timed_out = false;
  std::string out;
  std::string err;
};

// Runs argv to completion (or kills it at the deadline), capturing output.
CommandResult RunCommand(const std::vector<std::string>& argv, absl::Duration timeout,
                         const std::map<std::string, std::string>& extra_env = {});

// A long-running peer (collector, proxy, TURN server): output goes to a log
// file; Stop() sends SIGTERM, then SIGKILL after a grace period.
class BackgroundProcess {
 public:
  BackgroundProcess() = default;
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;
  ~BackgroundProcess() { Stop(); }

  bool Start(const std::vector<std::string>& argv, const std::filesystem::path& log_file,
             const std::map<std::string, std::string>& extra_env = {});
  // Exit code, or -1 when it had to be killed.
  int Stop(absl::Duration grace = absl::Seconds(5));
  bool Running();
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

// Polls until `path` exists and is non-empty, or the deadline passes.
bool WaitForFile(const std::filesystem::path& path, absl::Duration timeout);

// A fresh directory under $TMPDIR, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string ReadFileOrDie(const std::filesystem::path& path);
void WriteFileOrDie(const std::filesystem::path& path, const std::string& data);

}  // namespace minspec::testing
