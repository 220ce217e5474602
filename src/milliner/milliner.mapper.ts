import { SignupCreated } from '../accounts/signup.types';
import { MillinerSignupResponse } from './milliner.dto';

/** Milliner's 200 body: `{"status":"OK","message":"Signup for <username> saved"}` (docs/milliner.md). */
export function toMillinerSignupResponse(created: SignupCreated): MillinerSignupResponse {
  return { status: 'OK', message: `Signup for ${created.user.username} saved` };
}
