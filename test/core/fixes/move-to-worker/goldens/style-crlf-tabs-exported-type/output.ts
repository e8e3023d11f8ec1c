import { Worker } from "node:worker_threads"
import * as path from "node:path"
import type { SmoothLoopInput, SmoothLoopOutput } from "./input.smooth-worker.js"

export interface Sample {
	id: string
	value: number
}

/** Runs the loop of `smooth` in a worker thread (input.smooth-worker.js), so the event loop stays free while it computes. */
function runSmoothLoopInWorker(input: SmoothLoopInput): Promise<SmoothLoopOutput> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(path.join(__dirname, "input.smooth-worker.js"), { workerData: input })
		worker.once("message", resolve)
		worker.once("error", reject)
		worker.once("exit", (code) => reject(new Error(`worker stopped with exit code ${code}`)))
	})
}

// Smooths the series in place, many passes over it.
export async function smooth(samples: Sample[]): Promise<string> {
	const { values } = await runSmoothLoopInWorker({ samples })
	return values.map((v) => v.toFixed(3)).join(",")
}
