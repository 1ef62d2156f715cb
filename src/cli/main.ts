import { Command, CommanderError } from 'commander';
import { FerError } from '../errors.js';
import { videoOutputNames } from '../output/output-names.js';
import { addModelOptions, addOutputOptions, parsePort } from './commands/common-options.js';
import { EXIT, exitCodeFor } from './terminal/exit-codes.js';
import { type Io, processIo } from './terminal/terminal-io.js';
import { addQueueCommands } from './commands/queue-command.js';
import { formatUsageError, readVersion } from './commands/usage.js';
import { addWorkerCommand } from './commands/worker-command.js';

/** Print an error as one line plus a hint (and the stack with --verbose); return its exit code. */
function reportError(e: unknown, io: Io, verbose: boolean): number {
  if (e instanceof FerError) {
    io.err(`fer: ${e.message}\n${e.hint ? `  hint: ${e.hint}\n` : ''}`);
    if (verbose && e.cause) io.err(`${(e.cause as Error).stack ?? e.cause}\n`);
    return exitCodeFor(e.code);
  }
  io.err(
    `fer: internal error: ${(e as Error)?.message ?? e}\n${verbose ? `${(e as Error)?.stack}\n` : '  hint: run again with --verbose and report it\n'}`,
  );
  return EXIT.INTERNAL;
}

/** The terminal and page options of image, video and webcam: `--json`, `-d` and its `--port`. */
function addViewOptions(cmd: Command, json: string, display: string): Command {
  return cmd
    .option('--json', json)
    .option('-d, --display', display)
    .option('--port <n>', 'serve -d on this 127.0.0.1 port, 0-65535 (default: any free port)', parsePort);
}

/** Build the commander program; `run` receives each subcommand's work. */
function buildProgram(io: Io, setCode: (code: number) => void): Command {
  const program = new Command('fer')
    .description('Facial expression recognition with the ESR-9 ensemble (Siqueira et al., AAAI 2020)')
    .version(readVersion())
    .option('--verbose', 'print stack traces of errors (any command)')
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: () => undefined });
  const videoFiles = { video: true, writes: Object.values(videoOutputNames('<name>')).join(', ') };
  const videoView = [
    'print one JSON line per analysed frame, then a summary line',
    'live view on a page served on 127.0.0.1',
  ] as const;
  addViewOptions(
    addOutputOptions(addModelOptions(program.command('image')), {
      video: false,
      writes: 'the annotated PNG, CSV and JSON',
    }),
    'print one JSON document instead of the table',
    'show the annotated result (system viewer, or a page on 127.0.0.1)',
  )
    .description('recognise the faces in an image, or in every image of a folder')
    .requiredOption('-i, --input <path>', 'image file or folder of images')
    .action(async (opts) => setCode(await (await import('./commands/image-command.js')).runImageCommand(opts, io)));
  addViewOptions(addOutputOptions(addModelOptions(program.command('video')), videoFiles), ...videoView)
    .description('analyse a video file: CSV, JSON lines and an annotated MP4 with -o, live page with -d')
    .requiredOption('-i, --input <path>', 'video file')
    .action(async (opts) =>
      setCode(
        await (await import('./commands/video-command.js')).runVideoCommand({ input: opts.input }, opts, 'video', io),
      ),
    );
  addViewOptions(addOutputOptions(addModelOptions(program.command('webcam')), videoFiles), ...videoView)
    .description('analyse a camera (or any ffmpeg input) live; one line per analysed frame on stdout')
    .option(
      '-w, --webcam <id>',
      'camera id: /dev/video<id> on Linux, avfoundation index on macOS, dshow name on Windows',
      '0',
    )
    .option(
      '--input <url>',
      'any ffmpeg input instead of a camera (file, rtsp://..., testsrc with --input-format lavfi)',
    )
    .option('--input-format <fmt>', 'ffmpeg input format for --input (e.g. lavfi)')
    .action(async (opts) => {
      const [{ runVideoCommand }, { webcamSource }] = await Promise.all([
        import('./commands/video-command.js'),
        import('./commands/webcam-source.js'),
      ]);
      setCode(await runVideoCommand(webcamSource(opts), opts, 'webcam', io));
    });
  addModelOptions(program.command('eval'))
    .description('accuracy on a folder with one subfolder per class (anger, happy, sad, ...)')
    .argument('<dir>', 'folder of class subfolders')
    .option('--json', 'print { accuracy, balancedAccuracy, perClass, confusion, labels, n, noFace, skipped, failed }')
    .option(
      '-o, --output <dir>',
      'also write eval.json, confusion.png (row-normalised confusion matrix) and recall.png there',
    )
    .action(async (dir, opts) =>
      setCode(await (await import('./commands/eval-command.js')).runEvalCommand(dir, opts, io)),
    );
  addQueueCommands(program, io, setCode);
  addWorkerCommand(program, io, setCode);
  return program;
}

/**
 * Run the CLI with the given argv; resolves with the exit code (never calls process.exit).
 * @example
 * const code = await main(['node', 'fer', 'image', '-i', 'a.jpg']);
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let code = EXIT.OK as number;
  const verbose = argv.includes('--verbose');
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv.map((a) => (a === '-np' ? '--no-plot' : a)));
    return code;
  } catch (e) {
    if (!(e instanceof CommanderError)) return reportError(e, io, verbose);
    if (e.exitCode === 0) return EXIT.OK;
    if (e.code !== 'commander.help')
      io.err(
        formatUsageError(
          e,
          argv,
          program.commands.map((c) => c.name()),
        ),
      );
    return EXIT.USAGE;
  }
}
