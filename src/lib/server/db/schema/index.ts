export * from './kelurahan.ts';
export * from './auth.ts';
