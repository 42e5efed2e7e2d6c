import { AppEvents } from './app-events';
import type { KeyholeServices } from './services';
import { runStartupJobs } from './startup';
import { rotationApplication } from './rotation-application';
import { runApplication } from './run-application';
import { sendApplication } from './send-application';
import { toolsApplication } from './tools-application';
import { trafficApplication } from './traffic-application';
import { vaultApplication } from './vault-application';
import { workspaceApplication } from './workspace-application';

/**
 * The one application layer (HTTP Toolkit's ApiModel is the model): what Keyhole can do, per area,
 * with inputs already validated by the adapter against the contract. The IPC handlers, the web
 * shell and the CLI are adapters over it: parse, call, format. Nothing else reaches the services.
 */
export function createApplication(services: KeyholeServices) {
  let startup: ReturnType<typeof runStartupJobs> | undefined;
  const events = new AppEvents(() => services.history.latestId());
  // Rows written on this connection (Send, login, import, key management) and by the proxy's worker.
  services.history.onInsert(() => events.trafficChanged());
  services.proxies.recorder.onWritten(() => events.trafficChanged());
  return {
    events,
    workspace: workspaceApplication(services, events),
    vault: vaultApplication(services, events),
    send: sendApplication(services, events),
    traffic: trafficApplication(services),
    rotations: rotationApplication(services, events),
    tools: toolsApplication(services, events),
    run: runApplication(services),
    /**
     * The start-up jobs (`runStartupJobs`), once per application, when the shell asks: the desktop
     * app, the web shell and the proxy at start, a CLI command only when it needs them.
     */
    startup: () => (startup ??= runStartupJobs(services)),
    /** Stops the proxies, "Try it" and the database. */
    close: async () => {
      events.close();
      await services.close();
    },
  };
}
export type KeyholeApplication = ReturnType<typeof createApplication>;
