// strtod for the wasm module only, replacing musl's. Why: nlohmann's lexer converts
// every JSON number with a fraction or exponent through std::strtod, and musl's is
// exact for long double, which on wasm is 128-bit software floating point: ~10 KB of
// code (the __*tf3 routines, decfloat, scanexp) that every page downloaded for a value
// the core never uses. Every number the core reads is a whole number (revisions, days,
// milliseconds): a number with a fraction or exponent is only ever refused ("must be a
// whole number"), whatever its value. So this needs the JSON number grammar (which the
// lexer has already checked), a correct end pointer, and overflow to infinity (so that
// nlohmann still reports "number overflow" for 1e999999 as natively); digits beyond a
// double's precision may round differently from musl. The native builds and their
// tests use the C library's strtod; tests/node/api.test.mjs checks this one's answers.
#include <cstdlib>

extern "C" double strtod(const char* s, char** end) {
  const char* p = s;
  bool negative = false;
  if (*p == '-' || *p == '+') negative = *p++ == '-';
  double mantissa = 0;
  int exponent = 0;
  bool digits = false;
  for (; *p >= '0' && *p <= '9'; ++p, digits = true) mantissa = mantissa * 10 + (*p - '0');
  if (*p == '.')
    for (++p; *p >= '0' && *p <= '9'; ++p, digits = true) {
      mantissa = mantissa * 10 + (*p - '0');
      --exponent;
    }
  if (!digits) {
    if (end) *end = const_cast<char*>(s);
    return 0;
  }
  if (*p == 'e' || *p == 'E') {
    const char* q = p + 1;
    bool exp_negative = false;
    if (*q == '-' || *q == '+') exp_negative = *q++ == '-';
    if (*q >= '0' && *q <= '9') {
      int e = 0;
      // Past 1000 the answer is 0 or infinity whatever follows: stop counting there.
      for (; *q >= '0' && *q <= '9'; ++q) e = e < 1000 ? e * 10 + (*q - '0') : e;
      exponent += exp_negative ? -e : e;
      p = q;
    }
  }
  for (; exponent > 0; --exponent) mantissa *= 10;
  for (; exponent < 0 && mantissa != 0; ++exponent) mantissa /= 10;
  if (end) *end = const_cast<char*>(p);
  return negative ? -mantissa : mantissa;
}

// musl defines these three in one object; libc++'s std::to_string shares its object
// with std::stof/stold, which reference the other two. Defining all three keeps musl's
// object (and its soft float) out of the link; nothing in the module calls them, so
// the linker drops them again.
extern "C" float strtof(const char* s, char** end) { return static_cast<float>(strtod(s, end)); }
extern "C" long double strtold(const char* s, char** end) { return strtod(s, end); }
