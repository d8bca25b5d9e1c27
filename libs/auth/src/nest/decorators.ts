// Route metadata the auth guard reads: who may call a route (@Roles) or that anyone may (@Public).
import { SetMetadata } from '@nestjs/common';
import { type Role } from '../principal.js';

export const ROLES_KEY = 'land-bureau:auth:roles';
export const PUBLIC_KEY = 'land-bureau:auth:public';

/** Only callers with one of these roles (on a handler, or on a controller for all its routes). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** No token needed (health probes, public documents). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
