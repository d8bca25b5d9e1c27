// Route metadata the auth guard reads: who may call a route (@Roles) or that anyone may (@Public).
// Both are also written into the route's OpenAPI operation (`x-roles`, `x-public`), so the API
// document says who may call what, and the route-walking suite reads it from there.
import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { type Role } from '../principal.js';

export const ROLES_KEY = 'land-bureau:auth:roles';
export const PUBLIC_KEY = 'land-bureau:auth:public';

/** Only callers with one of these roles (on a route handler). */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiExtension('x-roles', roles));

/** No token needed (health probes, public documents). */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiExtension('x-public', true));
