"""Every write of intake: complaints and their codes, uploads, what residents add later, staff
registration and partner referrals."""
