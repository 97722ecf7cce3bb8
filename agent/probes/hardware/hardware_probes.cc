#include "agent/probes/families.h"
#include "agent/probes/hardware/audio_probe.h"
#include "agent/probes/hardware/camera_probe.h"
#include "agent/probes/hardware/cpu_probe.h"
#include "agent/probes/hardware/form_factor_probe.h"
#include "agent/probes/hardware/memory_probe.h"

namespace minspec::agent {

// The Make*Probe functions come from the platform part linked in
// (linux/ today; windows/ and darwin/ provide the same functions).
void AppendHardwareProbes(ProbeList& probes) {
  probes.push_back(hardware::MakeCpuProbe());
  probes.push_back(hardware::MakeMemoryProbe());
  probes.push_back(hardware::MakeCameraProbe());
  probes.push_back(hardware::MakeAudioProbe());
  probes.push_back(hardware::MakeFormFactorProbe());
}

}  // namespace minspec::agent
