export { startEmulator, DEFAULT_OPLOG_SIZE, type EmulatorOptions, type RunningEmulator } from './emulator.js';
export { VERSION_STRING as EMULATOR_VERSION } from './commands/server-commands.js';
