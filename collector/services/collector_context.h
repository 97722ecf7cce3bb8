#pragma once

#include "collector/data_dir.h"
#include "collector/store/store.h"
#include "common/baseline/evaluator.h"

namespace minspec::collector {

// What the services share. Owned by main; outlives the server.
struct CollectorContext {
  Store* store = nullptr;
  const DataDir* data_dir = nullptr;
  const minspec::baseline::Evaluator* evaluator = nullptr;
};

}  // namespace minspec::collector
