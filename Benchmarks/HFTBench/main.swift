print("hft-bench: runner under construction")
