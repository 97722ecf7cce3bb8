#pragma once

#include <memory>

#include "agent/probes/probe.h"

namespace minspec::agent::hardware {

// Fills facts.hardware.cameras: every V4L2 video node with its name and
// whether it can capture video, and capture_devices (what hw.camera counts).
// A UVC webcam shows up as two nodes: the capture node and a metadata-only
// node (index 1) that cannot capture; only the first counts.
//
// Linux (linux/camera_linux.cc) reads, under ctx.root:
//   /sys/class/video4linux/videoN/{name,dev,index}, device/driver (symlink),
//   device/modalias (bus, the part before ':');
//   capabilities, first from udev's database /run/udev/data/c<major>:<minor>
//   ("E:ID_V4L_CAPABILITIES=:capture:"): udev's v4l_id wrote it from
//   VIDIOC_QUERYCAP (device_caps when V4L2_CAP_DEVICE_CAPS is set), so it is
//   the kernel's answer in a plain file that fixtures can carry too;
//   else open(/dev/videoN, O_RDONLY|O_NONBLOCK) + ioctl(VIDIOC_QUERYCAP),
//   which never starts streaming (no camera light). can_capture means
//   V4L2_CAP_VIDEO_CAPTURE or V4L2_CAP_VIDEO_CAPTURE_MPLANE, as v4l_id.
// The node "index" is NOT used to decide: it only orders nodes of one device.
// No /sys/class/video4linux while /sys/class is readable = no V4L2 device
// (OK, zero). /sys/class unreadable, or a node whose capabilities neither
// source gives while no other node is known to capture = ERROR (UNKNOWN).
std::unique_ptr<Probe> MakeCameraProbe();

}  // namespace minspec::agent::hardware
