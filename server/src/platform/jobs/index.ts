export { createJobs, type Jobs, type JobHandler, type JobContext, type JobSendOptions, type WorkOptions } from './jobs.service.ts';
export { installJobsSchema, JOBS_SCHEMA } from './jobs.install.ts';
