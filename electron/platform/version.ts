import pkg from '../../package.json' with { type: 'json' };

export const KEYHOLE_VERSION: string = pkg.version;
