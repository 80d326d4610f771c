export type MailMessage = {
  to: { address: string }[];
  text: string;
};
