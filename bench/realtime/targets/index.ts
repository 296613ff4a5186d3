import { hocuspocus } from './hocuspocus.ts';
import { reference } from './reference.ts';
import { rembuk } from './rembuk.ts';
import type { Target, TargetName } from './target.ts';

export const targets: Record<TargetName, Target> = { rembuk, reference, hocuspocus };
export const targetNames = Object.keys(targets) as TargetName[];
