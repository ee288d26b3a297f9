/**
 * Handing one message to the mail system through nodemailer. With `SMTP_URL` set, mail goes to
 * that SMTP server; without it, each message is written as an .eml file to the outbox folder
 * (`MAIL_OUTBOX_DIR`, default data/outbox) and its links are printed to the log, so the quick
 * start works offline. Nothing calls this during a request: the mail worker does (outbox.ts).
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface Message {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

const FROM = process.env.MAIL_FROM ?? 'Channelwise <no-reply@localhost>';

let smtp: { url: string; transport: Transporter } | undefined;

export function outboxDir(): string {
  return path.resolve(process.env.MAIL_OUTBOX_DIR ?? 'data/outbox');
}

/** Delivers or throws (the worker retries). */
export async function deliverMail(mail: Message): Promise<void> {
  const message = { from: FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers };
  if (process.env.SMTP_URL) {
    if (smtp?.url !== process.env.SMTP_URL) smtp = { url: process.env.SMTP_URL, transport: nodemailer.createTransport(process.env.SMTP_URL) };
    await smtp.transport.sendMail(message);
    return;
  }
  const built = await nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }).sendMail(message);
  const dir = outboxDir();
  await mkdir(dir, { recursive: true });
  const safeTo = mail.to.replace(/[^a-z0-9@.-]/gi, '_');
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.hrtime.bigint()}-${safeTo}.eml`);
  await writeFile(file, built.message as Buffer);
  // Links carry tokens: printed for the offline quick start, never for a public https site.
  const links = (process.env.SITE_URL ?? '').startsWith('https://') ? [] : (mail.text.match(/https?:\/\/\S+/g) ?? []);
  console.log(`[mail] to ${mail.to}: "${mail.subject}" written to ${path.relative(process.cwd(), file)}${links.map((l) => `\n[mail]   link: ${l}`).join('')}`);
}
