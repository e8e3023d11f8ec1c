export interface Sample {
	id: string
	value: number
}

// Smooths the series in place, many passes over it.
export async function smooth(samples: Sample[]): Promise<string> {
	const values: number[] = samples.map((sample) => sample.value)
	for (let pass = 0; pass < 20_000; pass++) {
		for (let i = 1; i < values.length - 1; i++) {
			values[i] = (values[i - 1]! + values[i]! + values[i + 1]!) / 3
		}
	}
	return values.map((v) => v.toFixed(3)).join(",")
}
