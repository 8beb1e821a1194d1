-- A deactivated holder's open leads go round the rotation again (issue 7):
-- their periods end DEACTIVATED and the next ones start DEACTIVATION_REASSIGNED.

-- AlterEnum
ALTER TYPE "AssignmentReason" ADD VALUE 'DEACTIVATION_REASSIGNED';

-- AlterEnum
ALTER TYPE "AssignmentEnd" ADD VALUE 'DEACTIVATED';
