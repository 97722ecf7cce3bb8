#pragma once

#include <memory>

#include "agent/probes/probe.h"

namespace minspec::agent::hardware {

// Fills facts.hardware.form_factor: chassis class, thin-client signs, virtual
// machine, and whether the user is here through a remote/virtual desktop.
//
// Linux (linux/form_factor_linux.cc) reads, under ctx.root:
//   /sys/class/dmi/id/chassis_type (SMBIOS 3.x type 3 code) -> chassis:
//     desktop 3,4,5,6,7,13,15,16,24,35,36; laptop 8,9,10,14,31; tablet 30,32;
//     phone 11; server 17,23,25,28,29; other 1,12,18-22,26,27,33,34; unknown 2.
//   /sys/class/dmi/id/{sys_vendor,product_name,product_version,product_family,
//     board_vendor,board_name} -> thin-client signs: "thin client" anywhere;
//     HP/Hewlett-Packard t-series products (t5xxx, t6xx, t5x0, t6x0, t7x0...);
//     Dell Wyse; IGEL; 10ZiG; Fujitsu FUTRO; NComputing. A thin
//     client sets chassis "thin_client": SMBIOS has no thin-client chassis
//     type, they report desktop (3), mini PC (35) and the like.
//   virtual machine: DMI vendor/product (QEMU, KVM, VMware, VirtualBox/innotek,
//     Microsoft "Virtual Machine" = Hyper-V, Xen, Parallels, Bochs, Amazon EC2,
//     Google Compute Engine), the "hypervisor" flag in /proc/cpuinfo,
//     /sys/hypervisor/type.
//   remote session: /proc/<pid>/comm of every process (and /proc/<pid>/stat
//     for the parent of sshd processes). Session *hosts* set remote_session:
//     xrdp: xrdp, xrdp-sesman, xrdp-chansrv; citrix (Linux VDA): ctxhdx,
//     ctxgfx, ctxvda, ctxsession; vdi (VMware Horizon agent, Blast/PCoIP):
//     vmware-viewagen, VMwareBlastServ, pcoip-server; vnc: Xvnc, Xtigervnc,
//     x11vnc; x2go: x2goagent; nx: nxnode.bin. ssh: an sshd session process
//     (sshd-session, or sshd whose parent is sshd) while no local display
//     server/compositor runs (Xorg, X, Xwayland, gnome-shell, kwin_wayland,
//     kwin_x11, weston, sway, mutter, Hyprland, labwc, wayfire, cage).
//     Clients (wfica, vmware-view, xfreerdp, remmina, rdesktop) only go to
//     remote_client_signs. The environment of the graphical session is not
//     read (it would need other users' /proc/<pid>/environ).
// Status is ERROR when chassis_type is unreadable (no DMI: containers, some
// ARM boards and microVMs): hw.form_factor is then UNKNOWN.
std::unique_ptr<Probe> MakeFormFactorProbe();

}  // namespace minspec::agent::hardware
