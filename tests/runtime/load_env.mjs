// load_env.mjs - load.mjs with its arguments taken from the environment
// (OOMCAST_LOAD_ARGS, split at spaces; the model in OOMCAST_LOAD_MODEL), so
// that the process's command line names no model: as an app that embeds
// llama.cpp (node-llama-cpp, llama-cpp-python) and picks its model from a
// config file. A monitor finds the model and the runtime only in what the
// kernel shows: /proc/PID/fd and /proc/PID/maps.
//
//   OOMCAST_LOAD_MODEL=M.gguf OOMCAST_LOAD_ARGS="-c 512 --hold 30" node load_env.mjs
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const model = process.env.OOMCAST_LOAD_MODEL;
if (!model) {
	process.stderr.write("load_env.mjs: set OOMCAST_LOAD_MODEL to a GGUF file\n");
	process.exit(2);
}
const args = (process.env.OOMCAST_LOAD_ARGS || "").split(" ").filter((a) => a !== "");
if (process.argv.length > 2) {
	process.stderr.write("load_env.mjs: no arguments: the environment gives them\n");
	process.exit(2);
}
// load.mjs reads process.argv when imported; the kernel's copy (cmdline)
// stays "node load_env.mjs"
process.argv = [process.argv[0], path.join(here, "load.mjs"), "-m", model, ...args];
await import("./load.mjs");
