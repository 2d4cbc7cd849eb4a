import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'sofakafka_console';

/**
 * Who may use the console: whoever holds the one-time token printed at start. Opening the URL
 * with it trades it for a session cookie (HttpOnly, SameSite=Strict), after which the token is
 * spent: a URL copied from the terminal's scrollback later opens nothing.
 */
export class ConsoleAuth {
  private token: string | undefined = randomBytes(24).toString('hex');
  private readonly sessions = new Set<string>();

  /** The token for the URL printed at start. */
  get startToken(): string {
    if (!this.token) throw new Error('the start token was already used');
    return this.token;
  }

  /** A new session for the token, once; undefined for a wrong or spent token. */
  exchange(offered: string): string | undefined {
    if (!this.token || !sameSecret(offered, this.token)) return undefined;
    this.token = undefined;
    const session = randomBytes(32).toString('hex');
    this.sessions.add(session);
    return session;
  }

  /** The session cookie a request carries, if it is one of ours. */
  session(request: IncomingMessage): string | undefined {
    const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (!cookie) return undefined;
    for (const session of this.sessions) if (sameSecret(cookie, session)) return session;
    return undefined;
  }

  cookieHeader(session: string, secure: boolean): string {
    return `${SESSION_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
  }
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
