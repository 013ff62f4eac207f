/** Input shapes of the user import operations (API reference, CreateUserImportJob and its siblings). */
import { z } from "zod";

export const ImportJobId = z
  .string()
  .min(1)
  .max(55)
  .regex(/^import-[0-9a-zA-Z-]+$/u);
export const ImportJobName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w\s+=,.@-]+$/u);
/** ArnType: an IAM role here; this server stores it and never assumes it (there is no CloudWatch). */
export const CloudWatchLogsRoleArn = z
  .string()
  .min(20)
  .max(2048)
  .regex(/^arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?$/u);
export const ImportPaginationToken = z.string().min(1).regex(/^\S+$/u);
