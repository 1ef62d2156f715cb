import type { FerOptions } from '../options.js';
import { createRecognizer, type Recognizer } from '../pipeline/recognizer.js';

/** The recognizers of one worker process, one per distinct option set. */
export interface RecognizerPool {
  /** The recognizer for these options, loaded on first use (a failed load is retried next time). */
  get(options: FerOptions): Promise<Recognizer>;
  /** Dispose every recognizer loaded. */
  dispose(): Promise<void>;
}

/**
 * A pool that loads each option set's recognizer once and shares it between the jobs that need it.
 * @example
 * const pool = createRecognizerPool(); const fer = await pool.get(data.options); await pool.dispose();
 */
export function createRecognizerPool(): RecognizerPool {
  const recognizers = new Map<string, Promise<Recognizer>>();
  return {
    get(options: FerOptions): Promise<Recognizer> {
      const key = JSON.stringify(options);
      if (!recognizers.has(key))
        recognizers.set(
          key,
          createRecognizer(options).catch((e) => {
            recognizers.delete(key);
            throw e;
          }),
        );
      return recognizers.get(key)!;
    },
    async dispose(): Promise<void> {
      for (const r of recognizers.values()) await (await r.catch(() => null))?.dispose();
    },
  };
}
