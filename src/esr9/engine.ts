/** Raw ESR-9 outputs for a batch of N faces (plain arrays: no tensors leave an engine). */
export interface Esr9Output {
  /** N x 9 x 8 emotion logits. */
  logits: Float32Array;
  /** N x 9 x 2 (arousal, valence). */
  affect: Float32Array;
  /** N x 128 x S x S, the shared base's output (the Grad-CAM layer; only when requested). */
  shared?: Float32Array;
}

/** An execution engine for ESR-9. */
export interface Esr9Engine {
  /** Engine and backend actually in use (and int8 when quantised), e.g. 'onnx/cpu' or 'onnx/cpu/int8'. */
  readonly name: string;
  /** Side of the square network input, from the weights file (48 for fer's own model, 96 for the paper's). */
  readonly inputSize: number;
  /** Run a batch of N inputs laid out N x 3 x inputSize x inputSize (BGR, [0,1]). */
  run(input: Float32Array, n: number, withShared: boolean): Promise<Esr9Output>;
  /**
   * Per branch b, d logit[target] / d shared for every face (N x 128 x S x S), where targets[face][b] is the
   * class that branch's map explains and `shared` is run()'s output for the same faces.
   */
  gradients(shared: Float32Array, n: number, targets: number[][]): Promise<Float32Array[]>;
  /**
   * Start opening what gradients() needs now instead of on its first call, e.g. while the detector works in
   * its thread (engines with nothing to open leave it out). A failure surfaces at the next gradients() call.
   */
  prepareGradients?(): void;
  /** Release the engine's resources. */
  dispose(): Promise<void>;
}
