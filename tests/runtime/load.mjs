// load.mjs - load a GGUF model with llama.cpp (node-llama-cpp 3.21.1's
// prebuilt CPU binaries: no GPU, no download, no build), evaluate a few
// tokens, print what llama.cpp itself reported as one JSON line on stdout,
// then hold for a while so a monitor can watch the process.
//
//   node load.mjs -m MODEL.gguf [-c CTX] [--no-mmap] [--hold SECONDS]
//                 [--kv f16|q8_0] [--fa on|off|auto] [--threads N] [--log]
//                 [-ub N] [-ctk TYPE] [-ctv TYPE]
// (-ub, --ubatch-size: node-llama-cpp's batchSize, which it gives llama.cpp
// as both n_batch and n_ubatch; node-llama-cpp's own choice when not given)
// (--log: llama.cpp's log on stderr, at debug level)
// (--kv sets the K and V cache types; -ctk/--cache-type-k and
// -ctv/--cache-type-v, as llama.cpp spells them, each alone: node-llama-cpp's
// experimentalKvCacheKeyType and experimentalKvCacheValueType)
//
// The arguments are spelled like llama.cpp's (-m, -c, --no-mmap) so that
// oomcast recognises the process as a model load, as it does llama-server.
// JSON: {ok, model, ctx, mmap, model_buffer_mib: {CPU_Mapped: N, ...},
// kv_mib, kv_k_mib, kv_v_mib, kv_cells, compute_mib: {CPU: N}, tokens,
// generated, rss_after_load_kib, rss_peak_kib, log: [matching lines]}.
// Exit 0 after the hold; 1 with "load.mjs: ..." on stderr when the load or
// the evaluation fails; 2 on bad arguments.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

function usage(msg) {
	if (msg) process.stderr.write(`load.mjs: ${msg}\n`);
	process.stderr.write("usage: node load.mjs -m MODEL.gguf [-c CTX] [--no-mmap] [--hold SECONDS] " +
		"[--kv f16|q8_0] [-ctk TYPE] [-ctv TYPE] [--fa on|off|auto] [--threads N] " +
		"[--prompt TOKENS] [--log] [-ub N]\n");
	process.exit(2);
}

const opt = { model: null, ctx: 512, mmap: true, hold: 0, kv: "f16", fa: "off", threads: 2, log: false,
	prompt: 0, ubatch: null, kvK: null, kvV: null };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
	const a = argv[i];
	const val = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} wants a value`));
	if (a === "-m" || a === "--model") opt.model = val();
	else if (a === "-c" || a === "--ctx-size") opt.ctx = Number(val());
	else if (a === "--no-mmap") opt.mmap = false;
	else if (a === "--mmap") opt.mmap = true;
	else if (a === "--hold") opt.hold = Number(val());
	else if (a === "--kv") opt.kv = val();
	else if (a === "-ctk" || a === "--cache-type-k") opt.kvK = val();
	else if (a === "-ctv" || a === "--cache-type-v") opt.kvV = val();
	else if (a === "--fa") opt.fa = val();
	else if (a === "--threads") opt.threads = Number(val());
	else if (a === "--log") opt.log = true;
	else if (a === "-ub" || a === "--ubatch-size") opt.ubatch = Number(val());
	// a prompt this many tokens long: 512 or more fill a whole micro-batch, so
	// llama.cpp touches all of its compute buffer (a short prompt does not)
	else if (a === "--prompt") opt.prompt = Number(val());
	else usage(`unexpected '${a}'`);
}
if (!opt.model) usage("give a model with -m");
if (!Number.isInteger(opt.ctx) || opt.ctx < 1) usage("-c wants a positive integer");
if (!(opt.hold >= 0)) usage("--hold wants seconds");
if (opt.ubatch !== null && !(Number.isInteger(opt.ubatch) && opt.ubatch >= 1)) usage("-ub wants a positive integer");
if (!["f16", "q8_0"].includes(opt.kv)) usage("--kv wants f16 or q8_0");
opt.kvK ??= opt.kv;
opt.kvV ??= opt.kv;
// llama.cpp's KV cache types (common/arg.cpp kv_cache_types)
const kvTypes = ["f32", "f16", "bf16", "q8_0", "q4_0", "q4_1", "iq4_nl", "q5_0", "q5_1"];
if (![opt.kvK, opt.kvV].every((t) => kvTypes.includes(t))) usage(`-ctk and -ctv want one of ${kvTypes.join(", ")}`);
if (!["on", "off", "auto"].includes(opt.fa)) usage("--fa wants on, off or auto");

// llama.cpp's log, every line (filled by logger() below)
const logLines = [];

// on failure: the end of llama.cpp's log, then the message
const fail = (msg) => {
	const tail = logLines.filter((l) => !/create_tensor|^\s*\.?\s*$/.test(l)).slice(-12);
	for (const l of tail) process.stderr.write(`  llama.cpp: ${l}\n`);
	process.stderr.write(`load.mjs: ${msg}\n`);
	process.exit(1);
};

let nlc;
try {
	nlc = await import(path.join(here, "node_modules/node-llama-cpp/dist/index.js"));
} catch (e) {
	fail(`node-llama-cpp is not installed (run tests/runtime/install.sh): ${e.message}`);
}
const { getLlama, LlamaLogLevel } = nlc;

// node-llama-cpp hands over llama.cpp's log a line at a time, without the
// newline (a message may still hold several lines)
function logger(level, message) {
	for (const l of String(message).split("\n")) {
		if (l === "") continue;
		logLines.push(l);
		if (opt.log) process.stderr.write(`[${level}] ${l}\n`);
	}
}

// node-llama-cpp delivers llama.cpp's log to JavaScript asynchronously (a
// thread-safe function), and while it "simulates" a load to estimate memory
// (createContext does) it drops every line below error level that reaches
// JavaScript then: lines of the real load still queued at that moment would
// be lost. So after each step, wait until the log is quiet.
async function drainLog() {
	let n = -1, quiet = 0;
	for (let i = 0; i < 200 && quiet < 3; i++) {
		await new Promise((r) => setTimeout(r, 10));
		quiet = logLines.length === n ? quiet + 1 : 0;
		n = logLines.length;
	}
}

function status(key) {
	const m = fs.readFileSync("/proc/self/status", "utf8").match(new RegExp(`^${key}:\\s+(\\d+) kB`, "m"));
	return m ? Number(m[1]) : null;
}

let llama, model, context;
try {
	llama = await getLlama({
		gpu: false,
		build: "never",
		skipDownload: true,
		usePrebuiltBinaries: true,
		progressLogs: false,
		// info has every figure parsed below; debug (--log) adds per-tensor lines
		logLevel: opt.log ? LlamaLogLevel.debug : LlamaLogLevel.info,
		logger,
		maxThreads: opt.threads,
	});
} catch (e) {
	fail(`llama.cpp binaries: ${e.message}`);
}
try {
	model = await llama.loadModel({
		modelPath: path.resolve(opt.model),
		gpuLayers: 0,
		useMmap: opt.mmap,
		ignoreMemorySafetyChecks: true,
	});
} catch (e) {
	fail(`cannot load ${opt.model}: ${e.message}`);
}
await drainLog();
let tokens, generated = [];
try {
	context = await model.createContext({
		contextSize: opt.ctx,
		sequences: 1,
		flashAttention: opt.fa === "auto" ? "auto" : opt.fa === "on",
		experimentalKvCacheKeyType: opt.kvK.toUpperCase(),
		experimentalKvCacheValueType: opt.kvV.toUpperCase(),
		ignoreMemorySafetyChecks: true,
		threads: opt.threads,
		...(opt.ubatch !== null ? { batchSize: opt.ubatch } : {}),
	});
	const seq = context.getSequence();
	tokens = model.tokenize("hello world", true);
	if (opt.prompt > tokens.length) {
		const words = model.tokenize(" the quick brown fox jumps over the lazy dog", false);
		while (tokens.length < opt.prompt) tokens.push(...words);
		tokens = tokens.slice(0, Math.min(opt.prompt, opt.ctx - 4));
	}
	// evaluate the prompt and sample two tokens
	let n = 0;
	for await (const t of seq.evaluate(tokens, { temperature: 0 })) {
		generated.push(t);
		if (++n >= 2) break;
	}
} catch (e) {
	fail(`cannot evaluate ${opt.model}: ${e.message}`);
}
const rssAfter = status("VmRSS");
await drainLog();

// The figures llama.cpp printed (llama-context.cpp, llama-kv-cache.cpp,
// llama-model.cpp), in MiB as it rounds them.
const num = (s) => Number(s);
const out = {
	ok: true,
	model: opt.model,
	ctx: opt.ctx,
	mmap: opt.mmap,
	kv_type: opt.kv,
	kv_type_k: opt.kvK,
	kv_type_v: opt.kvV,
	n_ctx: null,
	model_buffer_mib: {},
	kv_mib: null,
	kv_k_mib: null,
	kv_v_mib: null,
	kv_cells: null,
	compute_mib: {},
	output_mib: {},
	tokens: tokens.map(Number),
	generated: generated.map(Number),
	rss_after_load_kib: rssAfter,
	rss_peak_kib: status("VmHWM"),
	log: [],
};
for (const l of logLines) {
	let m;
	if ((m = l.match(/(\S+) model buffer size\s*=\s*([\d.]+) MiB/))) {
		out.model_buffer_mib[m[1]] = num(m[2]);
		out.log.push(l);
	} else if ((m = l.match(/llama_kv_cache.*?size\s*=\s*([\d.]+) MiB\s*\(\s*(\d+) cells.*K \([^)]*\):\s*([\d.]+) MiB, V \([^)]*\):\s*([\d.]+) MiB/))) {
		out.kv_mib = (out.kv_mib ?? 0) + num(m[1]);
		out.kv_cells = Number(m[2]);
		out.kv_k_mib = (out.kv_k_mib ?? 0) + num(m[3]);
		out.kv_v_mib = (out.kv_v_mib ?? 0) + num(m[4]);
		out.log.push(l);
	} else if ((m = l.match(/(\S+) compute buffer size\s*=\s*([\d.]+) MiB/))) {
		out.compute_mib[m[1]] = num(m[2]);
		out.log.push(l);
	} else if ((m = l.match(/(\S+)\s+output buffer size\s*=\s*([\d.]+) MiB/))) {
		out.output_mib[m[1]] = num(m[2]);
		out.log.push(l);
	} else if ((m = l.match(/n_ctx\s*=\s*(\d+)/)) && out.n_ctx === null) {
		out.n_ctx = Number(m[1]);
		out.log.push(l);
	} else if (/KV buffer size|file size|file type|model params|mmap/.test(l)) {
		out.log.push(l);
	}
}
// the lines every load prints: missing ones mean the log was not all seen
if (Object.keys(out.model_buffer_mib).length === 0 || out.kv_mib === null || !out.compute_mib.CPU)
	fail(`llama.cpp loaded ${opt.model} but its log lacks the model buffer, KV cache or compute buffer line`);
process.stdout.write(JSON.stringify(out) + "\n");

if (opt.hold > 0) await new Promise((r) => setTimeout(r, opt.hold * 1000));
await context.dispose();
await model.dispose();
await llama.dispose();
process.exit(0);
