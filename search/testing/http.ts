import http from "node:http";
import type { AddressInfo } from "node:net";

export interface LocalHttpServer {
  host: string;
  close(): Promise<void>;
}

/** A stand-in HTTP server on a free port of 127.0.0.1, for engine tests that script the answers. */
export async function listenLocal(handler: http.RequestListener): Promise<LocalHttpServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    host: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
