#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace minspec::agent::browser {

struct UserHome {
  std::string user;
  std::string home;                 // as on the machine, e.g. "/home/alice"
  std::filesystem::path dir;        // the same under the probe root
};

// Every home that can hold browser profiles: root's and those of regular
// users (uid >= 1000) from <root>/etc/passwd, plus any /home/* directory not
// listed there (directory users: LDAP/SSSD accounts are not in passwd).
// Only existing directories; sorted by home, no duplicates.
std::vector<UserHome> ListUserHomes(const std::filesystem::path& root);

}  // namespace minspec::agent::browser
