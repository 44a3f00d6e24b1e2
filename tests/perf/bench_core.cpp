// What a returning visitor costs the core on every page view: find the cookie in the
// header, decode it, evaluate it against a realistic config; plus the first-visit
// path (config parse) and a choice.
#include <benchmark/benchmark.h>

#include <string>

#include "core/boundary.hpp"
#include "core/choice.hpp"
#include "core/codec.hpp"
#include "core/config.hpp"
#include "core/evaluate.hpp"
#include "realistic_config.hpp"

namespace {

const cookiegate::config& cfg() {
  static const auto c = cookiegate::parse_config(fixtures::realistic_config).value();
  return c;
}

std::string stored_cookie() {
  const std::string random(16, '\x2a');
  auto r = cookiegate::apply_choice(cfg(), nullptr, {cookiegate::choice_kind::accept_all, {}, {}},
                                    fixtures::now, random, "en", false);
  return cfg().cookie.stored_name() + "=" + cookiegate::encode(r.value());
}

void decode_and_evaluate(benchmark::State& state) {
  const std::string header = "_ga=GA1.2.3; " + stored_cookie() + "; theme=dark";
  for (auto _ : state) {
    auto st = cookiegate::evaluate_cookie(cfg(), header, fixtures::now + 60, {});
    benchmark::DoNotOptimize(st);
  }
}
BENCHMARK(decode_and_evaluate);

void parse_realistic_config(benchmark::State& state) {
  for (auto _ : state) {
    auto c = cookiegate::parse_config(fixtures::realistic_config);
    benchmark::DoNotOptimize(c);
  }
  state.SetBytesProcessed(state.iterations() *
                          static_cast<std::int64_t>(std::string_view(fixtures::realistic_config).size()));
}
BENCHMARK(parse_realistic_config);

// What the wasm boundary does per page view: cached config, JSON state out.
void boundary_evaluate(benchmark::State& state) {
  const std::string header = stored_cookie();
  for (auto _ : state) {
    auto out = cookiegate::boundary::evaluate(fixtures::realistic_config, header,
                                              static_cast<double>(fixtures::now + 60), false);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(boundary_evaluate);

}  // namespace
