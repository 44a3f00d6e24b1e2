#include "config_cache.hpp"

#include <memory>
#include <string>

namespace cookiegate {

namespace {

// A unique_ptr, not a shared_ptr: the shared control block's vtable brings
// libc++abi's type_info and dynamic_cast code into the wasm module (0.6 KiB brotli).
struct config_cache {
  std::string text;
  std::unique_ptr<const config> cfg;
};

}  // namespace

result<const config*> load_config(std::string_view text) {
  static config_cache cache;
  if (cache.cfg && cache.text == text) return cache.cfg.get();
  auto parsed = parse_config(text);
  if (!parsed) return parsed.err();
  cache.text = std::string(text);
  cache.cfg = std::make_unique<const config>(std::move(parsed).value());
  return cache.cfg.get();
}

}  // namespace cookiegate
