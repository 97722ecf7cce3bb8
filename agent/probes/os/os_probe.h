#pragma once

#include <memory>

#include "agent/probes/probe.h"

namespace minspec::agent::os {

// Fills facts.os: family, distribution, version, name, pretty name, codename,
// ID_LIKE, kernel and architecture. os.supported compares family +
// distribution + version (Ubuntu 12+); other distributions are reported as
// what they are.
//
// Linux (linux/os_linux.cc) reads, under ctx.root:
//   /etc/os-release, else /usr/lib/os-release (os-release(5)): ID ->
//     distribution, VERSION_ID -> version, NAME, PRETTY_NAME, ID_LIKE,
//     codename = VERSION_CODENAME, else UBUNTU_CODENAME, else DISTRIB_CODENAME
//     of /etc/lsb-release (Ubuntu 12.04 has no VERSION_CODENAME);
//   /proc/sys/kernel/osrelease -> kernel;
//   /proc/sys/kernel/arch -> arch, else uname(2) machine, but only when
//     ctx.root is "/" (uname describes this machine, not a fixture tree).
// Neither os-release readable: ERROR with both paths and reasons. Kernel or
// arch unreadable leaves that field empty (os.supported does not use them).
std::unique_ptr<Probe> MakeOsProbe();

}  // namespace minspec::agent::os
