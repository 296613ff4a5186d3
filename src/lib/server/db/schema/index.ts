export * from './kelurahan.ts';
export * from './auth.ts';
export * from './meetings.ts';
export * from './realtime.ts';
export * from './audit.ts';
export * from './usulan.ts';
export * from './votes.ts';
export * from './plans.ts';
