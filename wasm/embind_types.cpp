// The two C++ functions of embind's runtime (Emscripten's system/lib/embind/bind.cpp),
// written for this module's bindings only. bind.cpp registers every builtin type at
// start-up: eleven integer widths, two floats, 64-bit integers, three wide string kinds,
// emscripten::val and eighteen memory views; each registration is an import whose JS half
// lands in the glue, and each name a string in the module. The bindings in bindings.cpp
// pass and return only std::string, double and bool, so only those are registered:
// 0.77 KiB less .wasm and 0.88 KiB less glue (brotli, the glue as web/build.mjs
// minifies it), measured when this replaced bind.cpp. wasm/CMakeLists.txt therefore
// links embind's JS library without its C++ library (which emcc links whole, so these
// two definitions would clash with it).
//
// A binding that takes or returns any other type fails at its first call with embind's
// "Cannot call ... due to unbound types" error: the Node suite (tests/node/) calls every
// binding.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <cstring>
#include <string>

extern "C" {

// embind's JS asks for a type's name (and frees it) only to word an error about a type
// no binding registered; without RTTI bind.cpp answers its address through sprintf.
EMSCRIPTEN_KEEPALIVE char* __getTypeName(const void*) {
  return strdup("a type wasm/embind_types.cpp does not register");
}

// Run as a constructor, as bind.cpp's is (its export serves threads only, which this
// module does not use). embind defers each binding until the types it names are registered.
__attribute__((constructor)) void __embind_register_native_and_builtin_types() {
  using namespace emscripten::internal;
  _embind_register_bool(TypeID<bool>::get(), "bool", sizeof(bool), true, false);
  _embind_register_float(TypeID<double>::get(), "double", sizeof(double));
  _embind_register_std_string(TypeID<std::string>::get(), "std::string");
}

}  // extern "C"
