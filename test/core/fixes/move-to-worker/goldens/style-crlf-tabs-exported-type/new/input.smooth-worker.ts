// The loop of `smooth` in input.ts, moved here to run in a worker thread so that the main thread's event loop stays free.
import { parentPort, workerData } from "node:worker_threads"
import type { Sample } from "./input.js"

export interface SmoothLoopInput {
	samples: Sample[]
}

export interface SmoothLoopOutput {
	values: number[]
}

function smoothLoop(input: SmoothLoopInput): SmoothLoopOutput {
	const { samples } = input
	const values: number[] = samples.map((sample) => sample.value)
	for (let pass = 0; pass < 20_000; pass++) {
		for (let i = 1; i < values.length - 1; i++) {
			values[i] = (values[i - 1]! + values[i]! + values[i + 1]!) / 3
		}
	}
	return { values }
}

if (parentPort) parentPort.postMessage(smoothLoop(workerData as SmoothLoopInput))
