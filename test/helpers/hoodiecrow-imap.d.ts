// hoodiecrow-imap ships no types: the little of it the tests use.
declare module "hoodiecrow-imap" {
  import type { Server } from "node:net";

  interface HoodiecrowMessage {
    raw: string;
    flags?: string[];
  }
  interface HoodiecrowOptions {
    plugins?: string[];
    users?: Record<string, { password: string }>;
    storage?: Record<string, { messages?: HoodiecrowMessage[] }>;
    debug?: boolean;
  }
  interface HoodiecrowServer {
    server: Server;
    listen(port: number, host: string, callback: () => void): void;
    close(callback: () => void): void;
    getMailbox(path: string): { messages: { flags: string[] }[] };
  }
  export default function hoodiecrow(options: HoodiecrowOptions): HoodiecrowServer;
}
