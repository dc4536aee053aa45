import { type DynamicModule, Module } from '@nestjs/common';

import { ActivitiesModule } from './activities/activities.module';
import { type VolunteersEnv } from './config';
import { VolunteersCoreModule } from './core.module';
import { MembersModule } from './members/members.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { SessionsModule } from './sessions/sessions.module';
import { TeamsModule } from './teams/teams.module';

/** volunteers: party organisations 党组织 and members, volunteer teams 志愿服务队, their assignments, activities and hours; one module each. */
@Module({})
export class VolunteersModule {
  static forRoot(env: VolunteersEnv): DynamicModule {
    return { module: VolunteersModule, imports: [VolunteersCoreModule.forRoot(env), OrganisationsModule, MembersModule, TeamsModule, ActivitiesModule, SessionsModule] };
  }
}
