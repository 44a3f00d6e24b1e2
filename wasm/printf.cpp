// sprintf and snprintf for the wasm module only, replacing musl's. Why: musl's are
// front ends of vfprintf, which formats every conversion printf knows, floating point
// and long double included (fmt_fp, pop_arg_long_double and 128-bit soft float): about
// 6 KB of code that every page downloaded. Nothing in the core formats with printf;
// library code does, with only these conversions, neither linked today: each is
// defined here so that it cannot bring musl's back (tests/perf/size_budget.test.mjs
// looks for musl's tables):
//   embind's __getTypeName:  siprintf(s, "%p", type)  (bind.cpp, which
//                            embind_types.cpp replaces)
//   nlohmann's lexer:        snprintf(s, n, "<U+%.4X>", byte)  (for parse-error
//                            messages, while core/strict_json.cpp drives the lexer)
// So this writes literal text, "%%", and %d %u %x %X %p %s with an optional
// precision (a minimum digit count for integers); any other conversion writes "?"
// rather than reading an argument it cannot know the type of. Neither output reaches
// an answer of the core (embind names a type only for a binding left incomplete, and
// the core words its parse errors itself). Native builds use the C library's.
#include <cstdarg>
#include <cstddef>
#include <cstdint>

namespace {

class sink {
 public:
  sink(char* out, std::size_t cap) : out_(out), cap_(cap) {}
  void put(char c) {
    if (out_ && written_ + 1 < cap_) out_[written_] = c;
    ++written_;
  }
  int finish() {
    if (out_ && cap_ > 0) out_[written_ < cap_ ? written_ : cap_ - 1] = '\0';
    return static_cast<int>(written_);
  }

 private:
  char* out_;
  std::size_t cap_;
  std::size_t written_ = 0;
};

void put_number(sink& s, std::uintmax_t v, unsigned base, bool upper, int min_digits) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char buf[24];
  int n = 0;
  do {
    buf[n++] = digits[v % base];
    v /= base;
  } while (v);
  for (int i = n; i < min_digits; ++i) s.put('0');
  while (n) s.put(buf[--n]);
}

int format(char* out, std::size_t cap, const char* fmt, va_list ap) {
  sink s(out, cap);
  for (const char* p = fmt; *p; ++p) {
    if (*p != '%') {
      s.put(*p);
      continue;
    }
    ++p;
    int precision = 0;
    if (*p == '.')
      for (++p; *p >= '0' && *p <= '9'; ++p) precision = precision * 10 + (*p - '0');
    switch (*p) {
      case '%': s.put('%'); break;
      case 'd': {
        const int v = va_arg(ap, int);
        if (v < 0) s.put('-');
        put_number(s, v < 0 ? 0 - static_cast<std::uintmax_t>(v) : static_cast<std::uintmax_t>(v), 10,
                   false, precision);
        break;
      }
      case 'u': put_number(s, va_arg(ap, unsigned), 10, false, precision); break;
      case 'x': put_number(s, va_arg(ap, unsigned), 16, false, precision); break;
      case 'X': put_number(s, va_arg(ap, unsigned), 16, true, precision); break;
      case 'p':
        s.put('0');
        s.put('x');
        put_number(s, reinterpret_cast<std::uintptr_t>(va_arg(ap, void*)), 16, false, 0);
        break;
      case 's':
        for (const char* t = va_arg(ap, const char*); *t; ++t) s.put(*t);
        break;
      case '\0': --p; [[fallthrough]];
      default: s.put('?');
    }
  }
  return s.finish();
}

}  // namespace

extern "C" int snprintf(char* out, std::size_t cap, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const int n = format(out, cap, fmt, ap);
  va_end(ap);
  return n;
}

extern "C" int sprintf(char* out, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const int n = format(out, SIZE_MAX, fmt, ap);
  va_end(ap);
  return n;
}

// The name embind's bind.cpp calls: Emscripten's integer-only sprintf, which musl
// defines in one object with sprintf (so both are defined here, or that object comes
// back). The same function under two names.
extern "C" int siprintf(char* out, const char* fmt, ...) __attribute__((alias("sprintf")));
