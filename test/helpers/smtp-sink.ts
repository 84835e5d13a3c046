/**
 * A second SMTP server on 127.0.0.1 playing the remote host (another domain's MX, or a relay):
 * records what it accepts, and answers what the test tells it to.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface SinkMessage {
  from: string;
  to: string[];
  raw: Buffer;
  secure: boolean;
}

/** A reply the sink gives instead of 250, e.g. `{ code: 451, text: '4.3.0 try later' }`. */
export interface SinkReply {
  code: number;
  text: string;
}

export interface SmtpSink {
  port: number;
  messages: SinkMessage[];
  /** Per recipient at RCPT; null accepts. */
  onRcpt: (address: string) => SinkReply | null;
  /** At end of DATA; null accepts. */
  onData: () => SinkReply | null;
  close(): Promise<void>;
}

function replyError(reply: SinkReply): Error {
  return Object.assign(new Error(reply.text), { responseCode: reply.code });
}

export async function startSmtpSink(options: { starttls?: boolean } = {}): Promise<SmtpSink> {
  const sink: SmtpSink = {
    port: 0,
    messages: [],
    onRcpt: () => null,
    onData: () => null,
    close: async () => {},
  };
  const server = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    hideSTARTTLS: !options.starttls,
    hideENHANCEDSTATUSCODES: false,
    logger: false,
    onRcptTo(address, _session, callback) {
      const reply = sink.onRcpt(address.address);
      callback(reply ? replyError(reply) : undefined);
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const reply = sink.onData();
        if (reply) return callback(replyError(reply));
        sink.messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          secure: session.secure,
        });
        callback(null, 'ok');
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.port = (server.server.address() as AddressInfo).port;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}
