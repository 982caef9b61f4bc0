/** The text of `npm run lab -- --help`. */
export const USAGE = `Curvature Lab, headless runner

Usage:
  npm run lab -- run <spec> [--out result.json] [--cpu]
  npm run lab -- demo <id> [--cpu] [--out folder]
  npm run lab -- gpu
  npm run lab -- --help

Commands:
  run    Train and probe the experiment <spec> and write the result JSON.
         <spec> is one of:
           a spec JSON file            experiments/sharpness.json
           a shared link               "http://localhost:5173/#spec=N4Ig..."
           the hash of a shared link   "#spec=N4Ig..."
           a result JSON file          (its embedded spec is run again)
         Quote links and hashes: '#' starts a comment in most shells.
  demo   Run every variant of a teaching demo (see the gallery) and print
         what its analysis finds; --out writes each variant's result JSON.
  gpu    Print the WebGPU adapter Node finds (vendor, features, limits).

Options:
  --out <file>   Where to write the result JSON (default: standard output).
  --cpu          Run on the float64 CPU engine instead of WebGPU.
  -h, --help     Show this text.

Progress goes to standard error. Exit codes: 0 done, 1 the run failed,
2 bad input (usage, spec file, invalid spec), 3 the run diverged (the partial
result is still written), 130 interrupted with Ctrl-C.
`;
