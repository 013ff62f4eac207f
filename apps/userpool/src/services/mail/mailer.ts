/** One outgoing e-mail. Every message the server sends goes through a Mailer. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The pool's EmailConfiguration.From; else the server's configured sender. */
  from?: string;
  /** The pool's EmailConfiguration.ReplyToEmailAddress. */
  replyTo?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/** A message as the development mailbox shows it. */
export interface StoredMail extends OutgoingMail {
  id: string;
  createdAt: Date;
}
