/**
 * Outgoing e-mail through nodemailer. With `SMTP_URL` set, mail goes to that SMTP server;
 * without it, each message is written as an .eml file to the outbox folder (`MAIL_OUTBOX_DIR`,
 * default data/outbox) and its links are printed to the log, so the quick start works offline.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { emailHandle, log } from '../log/log.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

const FROM = process.env.MAIL_FROM ?? 'Channelwise <no-reply@localhost>';

let smtp: { url: string; transport: Transporter } | undefined;

export function outboxDir(): string {
  return path.resolve(process.env.MAIL_OUTBOX_DIR ?? 'data/outbox');
}

/**
 * Sends a message; returns false when it could not be sent. A mail server that is down must not
 * turn a sign-up or a reset request into an error page: the failure is logged, and the person can
 * ask for the link again.
 */
/**
 * Sends a message after the current request has been answered: the answer takes as long whether
 * or not a mail goes out (so its timing reveals nothing), and a slow mail server never holds a
 * page. Failures are logged by sendMail.
 */
export function queueMail(mail: Mail): void {
  setImmediate(() => void sendMail(mail));
}

export async function sendMail(mail: Mail): Promise<boolean> {
  try {
    await deliver(mail);
    return true;
  } catch (error) {
    log.error({ to: emailHandle(mail.to), subject: mail.subject, err: (error as Error).message }, 'mail could not be sent');
    return false;
  }
}

async function deliver(mail: Mail): Promise<void> {
  const message = { from: FROM, to: mail.to, subject: mail.subject, text: mail.text };
  if (process.env.SMTP_URL) {
    if (smtp?.url !== process.env.SMTP_URL) smtp = { url: process.env.SMTP_URL, transport: nodemailer.createTransport(process.env.SMTP_URL) };
    await smtp.transport.sendMail(message);
    return;
  }
  const built = await nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }).sendMail(message);
  const dir = outboxDir();
  await mkdir(dir, { recursive: true });
  const safeTo = mail.to.replace(/[^a-z0-9@.-]/gi, '_');
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${safeTo}.eml`);
  await writeFile(file, built.message as Buffer);
  // Links carry tokens: printed for the offline quick start, never for a public https site.
  const links = (process.env.SITE_URL ?? '').startsWith('https://') ? [] : (mail.text.match(/https?:\/\/\S+/g) ?? []);
  console.log(`[mail] to ${mail.to}: "${mail.subject}" written to ${path.relative(process.cwd(), file)}${links.map((l) => `\n[mail]   link: ${l}`).join('')}`);
}
