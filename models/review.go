package models

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Review decisions. "talk" keeps the proposal open with a message to the proposer.
const (
	DecisionApprove = "approve"
	DecisionTalk    = "talk"
	DecisionDecline = "decline"
)

// Answers to the intent questions ("vanuit de bedoeling").
const (
	AnswerYes  = "yes"
	AnswerSome = "some"
	AnswerNo   = "no"
)

// Review is one decision on a proposal, kept as history with who and when.
type Review struct {
	ID              int64
	ActivityID      int64
	ReviewerID      *int64
	LowersThreshold string // does it lower the threshold to meet and to get help?
	MoreCollective  string // does it add collective activity?
	Healthier       string // does it make people healthier?
	Decision        string
	Message         string // what the proposer reads: the reason, or the question to talk about
	CreatedAt       time.Time
}

// TableName keeps the table name explicit.
func (Review) TableName() string { return "activity_reviews" }

// ReviewEntry is a review with the reviewer's name, for the history shown on screen.
type ReviewEntry struct {
	Review
	ReviewerName string
}

// ReviewsOf returns an activity's review history, oldest first.
func ReviewsOf(db *gorm.DB, activityID int64) ([]ReviewEntry, error) {
	var rs []ReviewEntry
	err := db.Table("activity_reviews r").
		Select("r.*, COALESCE(u.name, '') AS reviewer_name").
		Joins("LEFT JOIN users u ON u.id = r.reviewer_id").
		Where("r.activity_id = ?", activityID).Order("r.created_at, r.id").Scan(&rs).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list reviews of activity %d: %w", activityID, err)
	}
	return rs, nil
}
