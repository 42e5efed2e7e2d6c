// The sandbox's public face: start it, and reach it by URL. Clients (Keyhole's "Try it", tests,
// scripts) hold it only through this file; nothing here imports Keyhole.
export { startSandbox, type SandboxServer } from './server';
export { SandboxState, type SandboxKey, type SandboxUser, type SandboxProvider } from './state';
export { DEMO_NUMBER } from './call2me/api';
